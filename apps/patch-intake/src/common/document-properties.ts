import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/**
 * Describes inherited properties for OpenAPI on the subclass only. DTOs extend the contract classes
 * to reuse their validation rules; redeclaring a field to decorate it would replace the base field.
 */
export function documentProperties<T>(dto: abstract new () => T, properties: { [K in keyof T & string]?: ApiPropertyOptions }): void {
  for (const [name, options] of Object.entries(properties) as Array<[string, ApiPropertyOptions]>) {
    ApiProperty(options)(dto.prototype as object, name);
  }
}
