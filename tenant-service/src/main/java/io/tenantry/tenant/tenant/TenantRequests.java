package io.tenantry.tenant.tenant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

final class TenantRequests {

	private TenantRequests() {
	}

	/**
	 * @param slug the tenant's name in URLs and at login: lower-case letters, digits and
	 * hyphens, 2 to 63 characters, starting with a letter or digit
	 * @param ownerEmail the first OWNER, invited by email; optional
	 */
	record Create(@NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$",
			message = "must be 2-63 lower-case letters, digits or hyphens, starting with a letter or digit") String slug,
			@NotBlank @Size(max = 200) String name, @NotNull Plan plan,
			@Email @Size(max = 320) String ownerEmail) {
	}

}
