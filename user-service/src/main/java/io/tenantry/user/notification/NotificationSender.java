package io.tenantry.user.notification;

/** Where outgoing messages go: the local mailbox, or SMTP in production. */
interface NotificationSender {

	void send(Notification notification);

}
