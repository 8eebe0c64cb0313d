package io.tenantry.user.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * What a new password must be: at least {@code tenantry.passwords.min-length} characters
 * (counted in code points), not containing the local part of the account's email, not
 * one of the bundled most common passwords, and not one of the account's last
 * {@code tenantry.passwords.history} passwords (checked by the caller against the
 * history, since that needs the hashes).
 */
@Component
public class PasswordPolicy {

	static final String COMMON_PASSWORDS = "passwords/common-passwords.txt";

	private final PasswordProperties properties;

	private final Set<String> common;

	PasswordPolicy(PasswordProperties properties) {
		this.properties = properties;
		this.common = load();
	}

	/** The rules {@code password} breaks, as messages; empty when it is acceptable. */
	public List<String> violations(String password, String email) {
		List<String> violations = new ArrayList<>();
		if (password == null || password.codePointCount(0, password.length()) < this.properties.minLength()) {
			violations.add("must be at least " + this.properties.minLength() + " characters long");
			return violations;
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (email != null) {
			String local = email.toLowerCase(Locale.ROOT);
			int at = local.indexOf('@');
			local = (at > 0) ? local.substring(0, at) : local;
			if (local.length() >= 3 && lower.contains(local)) {
				violations.add("must not contain the email address");
			}
		}
		if (this.common.contains(lower)) {
			violations.add("is one of the most common passwords");
		}
		return violations;
	}

	/** How many previous passwords are remembered and refused. */
	public int history() {
		return this.properties.history();
	}

	int commonPasswordCount() {
		return this.common.size();
	}

	private static Set<String> load() {
		Set<String> passwords = new HashSet<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new ClassPathResource(COMMON_PASSWORDS).getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank() && !line.startsWith("#")) {
					passwords.add(line.strip().toLowerCase(Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + COMMON_PASSWORDS, ex);
		}
		return Set.copyOf(passwords);
	}

}
