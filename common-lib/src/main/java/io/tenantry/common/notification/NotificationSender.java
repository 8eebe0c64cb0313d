package io.tenantry.common.notification;

/** Where outgoing messages go: the local mailbox, or SMTP in production. */
public interface NotificationSender {

	void send(Notification notification);

}
