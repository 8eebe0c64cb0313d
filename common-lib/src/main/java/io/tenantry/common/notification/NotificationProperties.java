package io.tenantry.common.notification;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mode {@code local} writes each message as a JSON file in {@code mailbox}; {@code smtp}
 * sends it with {@code spring.mail.*}
 * @param mailbox the local mailbox directory
 * @param from the sender address of SMTP messages
 */
@ConfigurationProperties("tenantry.notifications")
public record NotificationProperties(@DefaultValue("local") String mode,
		@DefaultValue("${java.io.tmpdir}/tenantry-mailbox") Path mailbox,
		@DefaultValue("no-reply@tenantry.local") String from) {

}
