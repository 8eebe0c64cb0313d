package io.tenantry.user.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** The production adapter: plain-text mail through {@code spring.mail.*}. */
@Component
@ConditionalOnProperty(name = "tenantry.notifications.mode", havingValue = "smtp")
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
