import { Module } from '@nestjs/common';
import { RunFinishedNotifier } from './run-finished-notifier';
import { WebhookDispatcher } from './webhook-dispatcher.service';

@Module({ providers: [RunFinishedNotifier, WebhookDispatcher], exports: [RunFinishedNotifier] })
export class NotificationsModule {}
