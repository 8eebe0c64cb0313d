package io.tenantry.common.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;


/**
 * The local adapter: every message becomes a JSON file in the mailbox directory
 * ({@code .tenantry/mailbox} under {@code ./tenantry}), named by time and recipient, that
 * a developer or a test reads instead of an inbox. Files appear whole (written aside,
 * then moved).
 */
class LocalMailbox implements NotificationSender {

	private final Path directory;

	private final JsonMapper json;

	private final Clock clock;

	LocalMailbox(NotificationProperties properties, JsonMapper json, Clock clock) {
		this.directory = properties.mailbox();
		this.json = json;
		this.clock = clock;
	}

	@Override
	public void send(Notification notification) {
		try {
			Files.createDirectories(this.directory);
			String name = this.clock.millis() + "-" + notification.to().replaceAll("[^A-Za-z0-9@._-]", "_") + "-"
					+ UUID.randomUUID().toString().substring(0, 8) + ".json";
			Path partial = this.directory.resolve(name + ".part");
			Files.writeString(partial, this.json.writeValueAsString(notification));
			Files.move(partial, this.directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
