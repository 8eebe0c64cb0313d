package io.tenantry.tenant.tenant;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

final class TenantRequests {

	static final String SLUG = "^[a-z0-9][a-z0-9-]{1,62}$";

	static final String SLUG_MESSAGE = "must be 2-63 lower-case letters, digits or hyphens, starting with a letter or digit";

	static final String REGION = "^[a-z]{2}-[a-z]+-[0-9]$";

	static final String REGION_MESSAGE = "must be a region name like eu-central-1";

	private TenantRequests() {
	}

	/**
	 * @param slug the tenant's name in URLs and at login: lower-case letters, digits and
	 * hyphens, 2 to 63 characters, starting with a letter or digit
	 * @param region where the tenant's data lives; the configured default when absent
	 * @param ownerEmail the first OWNER, invited by email; optional
	 */
	record Create(@NotBlank @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
			@NotBlank @Size(max = 200) String name, @NotNull Plan plan,
			@Pattern(regexp = REGION, message = REGION_MESSAGE) String region,
			@Email @Size(max = 320) String ownerEmail, @Size(max = 200) String ownerName) {
	}

	/**
	 * Every field is optional; an absent one is left as it is. {@code region} is a platform
	 * operator's to change; {@code slug} only while the tenant is still provisioning;
	 * {@code plan} only billing-service changes, so it may only repeat the current one.
	 */
	record Update(@Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
			@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
			Plan plan, @Pattern(regexp = REGION, message = REGION_MESSAGE) String region,
			@Email @Size(max = 320) String ownerEmail, @Size(max = 200) String ownerName) {
	}

	/** Self-service sign-up: the new tenant and its first OWNER, who gets an invitation. */
	record SignUp(@NotBlank @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
			@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String ownerEmail,
			@Size(max = 200) String ownerName) {
	}

	/** Why the tenant is suspended or deleted: shown to its users and kept in the audit log. */
	record Reason(@NotBlank @Size(max = 500) String reason) {
	}

	/**
	 * A tenant's configuration, replaced whole.
	 *
	 * @param features flags by name, on or off
	 * @param settings the tenant's own settings: a JSON object of at most 16 KiB
	 */
	record Config(@Valid Branding branding,
			@Pattern(regexp = "^[a-z]{2,3}(-[A-Z]{2})?$", message = "must be a language tag like en or fr-CA") String locale,
			@Size(max = 64) String timeZone, @Size(max = 100) Map<@Pattern(regexp = "^[a-z][a-z0-9._-]{0,63}$",
					message = "must be a flag name: lower-case letters, digits, dots, hyphens or underscores") String, @NotNull Boolean> features,
			Map<String, Object> settings) {
	}

	/**
	 * @param primaryColor and {@code secondaryColor}: {@code #rrggbb}
	 */
	record Branding(@Size(max = 200) String name,
			@Size(max = 2048) @Pattern(regexp = "^https://\\S+$", message = "must be an https URL") String logoUrl,
			@Pattern(regexp = "^#[0-9a-fA-F]{6}$", message = "must be a colour like #1a2b3c") String primaryColor,
			@Pattern(regexp = "^#[0-9a-fA-F]{6}$", message = "must be a colour like #1a2b3c") String secondaryColor) {
	}

}
