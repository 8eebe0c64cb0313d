package io.tenantry.common.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production adapter speaks SMTP to a mail server: here a minimal local SMTP server
 * (the mail relay is outside Tenantry), which records what it is sent.
 */
class SmtpSenderTests {

	ServerSocket server;

	final List<String> conversation = new CopyOnWriteArrayList<>();

	Thread serving;

	@BeforeEach
	void startSmtpServer() throws IOException {
		this.server = new ServerSocket(0);
		this.serving = Thread.ofPlatform().daemon().start(this::serve);
	}

	@AfterEach
	void stopSmtpServer() throws IOException {
		this.server.close();
	}

	@Test
	void aNotificationIsSentAsAPlainTextMailFromTheConfiguredAddress() throws Exception {
		JavaMailSenderImpl mail = new JavaMailSenderImpl();
		mail.setHost("localhost");
		mail.setPort(this.server.getLocalPort());
		SmtpSender sender = new SmtpSender(mail,
				new NotificationProperties("smtp", Path.of("unused"), "no-reply@tenantry.example"));
		sender.send(new Notification(UUID.randomUUID(), "ada@example.com", "password-reset",
				"Reset your Tenantry password", "Set a new password with this token:\n\nprt_abc123\n", "prt_abc123"));
		this.serving.join(5000);
		assertThat(this.conversation).anyMatch((line) -> line.startsWith("MAIL FROM:<no-reply@tenantry.example>"))
			.anyMatch((line) -> line.startsWith("RCPT TO:<ada@example.com>"))
			.anyMatch((line) -> line.equals("Subject: Reset your Tenantry password"))
			.anyMatch((line) -> line.equals("prt_abc123"));
	}

	/** Just enough of RFC 5321 for one message. */
	private void serve() {
		try (Socket client = this.server.accept();
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
				PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
			reply(out, "220 localhost ESMTP test");
			boolean data = false;
			String line;
			while ((line = in.readLine()) != null) {
				this.conversation.add(line);
				if (data) {
					if (line.equals(".")) {
						data = false;
						reply(out, "250 OK");
					}
					continue;
				}
				String command = line.toUpperCase();
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					reply(out, "250 localhost");
				}
				else if (command.startsWith("DATA")) {
					data = true;
					reply(out, "354 End data with <CR><LF>.<CR><LF>");
				}
				else if (command.startsWith("QUIT")) {
					reply(out, "221 Bye");
					return;
				}
				else {
					reply(out, "250 OK");
				}
			}
		}
		catch (IOException ex) {
			// the test ends the server
		}
	}

	private static void reply(PrintWriter out, String line) {
		out.print(line + "\r\n");
		out.flush();
	}

}
