import { BadRequestException, DynamicModule, INestApplication, Logger, LogLevel, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { describeValidationErrors } from '@patchproof/contracts';
import { ExpectedMessagingErrorsFilter, JetStreamServer } from '@patchproof/messaging';
import { collectProcessMetrics } from '@patchproof/observability';
import { BaseServiceConfig } from './base-service.config';

export interface BootstrapOptions {
  service: string;
  description: string;
  module: Type<unknown> | DynamicModule;
  config: BaseServiceConfig;
  port: number;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Validation errors become a 400 whose body lists "field: problem" lines. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: describeValidationErrors(errors) }),
  });
}

/** Starts a service: HTTP API with OpenAPI at /docs, its JetStream consumers, clean stop on SIGTERM. */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  collectProcessMetrics(options.service);
  const logger = LEVELS.slice(0, LEVELS.indexOf(options.config.LOG_LEVEL) + 1);
  const app = await NestFactory.create<NestExpressApplication>(options.module, { logger, bodyParser: false });
  app.useBodyParser('json', { limit: '8mb' });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ExpectedMessagingErrorsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`patchproof ${options.service}`)
      .setDescription(options.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  app.connectMicroservice({ strategy: app.get(JetStreamServer) }, { inheritAppConfig: true });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(options.port, options.config.HOST);
  new Logger(options.service).log(`listening on http://${options.config.HOST}:${options.port} (OpenAPI at /docs)`);
  return app;
}
