package io.tenantry.common.notification;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The notification port of every service that writes to people (invitations, password
 * resets): {@code tenantry.notifications.mode=local} (the default) writes each message to
 * the local mailbox directory, {@code smtp} sends it with {@code spring.mail.*} (the
 * service then depends on {@code spring-boot-starter-mail}).
 */
@AutoConfiguration(afterName = { "io.tenantry.common.events.EventsAutoConfiguration",
		"org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration" })
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationsAutoConfiguration {

	@Bean
	@ConditionalOnProperty(name = "tenantry.notifications.mode", havingValue = "local", matchIfMissing = true)
	NotificationSender localMailbox(NotificationProperties properties, ObjectProvider<JsonMapper> json,
			ObjectProvider<Clock> clock) {
		return new LocalMailbox(properties, json.getIfAvailable(() -> JsonMapper.builder().build()),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnBean(NotificationSender.class)
	Notifications notifications(NotificationSender sender) {
		return new Notifications(sender);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JavaMailSender.class)
	static class Smtp {

		@Bean
		@ConditionalOnProperty(name = "tenantry.notifications.mode", havingValue = "smtp")
		NotificationSender smtpSender(JavaMailSender mail, NotificationProperties properties) {
			return new SmtpSender(mail, properties);
		}

	}

}
