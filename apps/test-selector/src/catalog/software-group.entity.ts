import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A product line across versions (PostgreSQL, MariaDB/MySQL, nginx); belongs to function groups. */
@Entity('software_group')
export class SoftwareGroupEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The many-to-many link: a software group serves one or more function groups. */
@Entity('software_group_function_group')
export class SoftwareGroupLinkEntity {
  @PrimaryColumn({ name: 'software_group_id', type: 'text' })
  softwareGroupId!: string;

  @PrimaryColumn({ name: 'function_group_id', type: 'text' })
  functionGroupId!: string;
}
