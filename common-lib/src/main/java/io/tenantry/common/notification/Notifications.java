package io.tenantry.common.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The notification port. A message asked for inside a transaction leaves only once that
 * transaction commits, so a rolled-back change never sends a token that does not exist.
 * Sending failures are logged, never thrown back into the request that caused them.
 */
public class Notifications {

	private static final Logger log = LoggerFactory.getLogger(Notifications.class);

	private final NotificationSender sender;

	public Notifications(NotificationSender sender) {
		this.sender = sender;
	}

	public void send(Notification notification) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					deliver(notification);
				}
			});
		}
		else {
			deliver(notification);
		}
	}

	private void deliver(Notification notification) {
		try {
			this.sender.send(notification);
		}
		catch (RuntimeException ex) {
			log.error("Could not send {}", notification, ex);
		}
	}

}
