package io.tenantry.common.notification;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** The production adapter: plain-text mail through {@code spring.mail.*}. */
class SmtpSender implements NotificationSender {

	private final JavaMailSender mail;

	private final NotificationProperties properties;

	SmtpSender(JavaMailSender mail, NotificationProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	@Override
	public void send(Notification notification) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.from());
		message.setTo(notification.to());
		message.setSubject(notification.subject());
		message.setText(notification.body());
		this.mail.send(message);
	}

}
