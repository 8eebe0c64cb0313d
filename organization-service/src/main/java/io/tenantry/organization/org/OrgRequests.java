package io.tenantry.organization.org;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

final class OrgRequests {

	static final String ROLE_NAME = "^[A-Za-z][A-Za-z0-9_-]{1,63}$";

	private OrgRequests() {
	}

	/** @param parentId the parent; absent for a root organization */
	record Create(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description, UUID parentId) {
	}

	/** Absent fields are left as they are. */
	record Update(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
			@Size(max = 2000) String description) {
	}

	/** @param parentId the new parent; null makes the organization a root */
	record Move(UUID parentId) {
	}

	record AddMember(@NotNull UUID userId, @NotBlank @Pattern(regexp = ROLE_NAME,
			message = "must be a role name: a letter, then letters, digits, hyphens or underscores") String role) {
	}

	record ChangeRole(@NotBlank @Pattern(regexp = ROLE_NAME,
			message = "must be a role name: a letter, then letters, digits, hyphens or underscores") String role) {
	}

	record Invite(@NotBlank @Email @Size(max = 320) String email, @NotBlank @Pattern(regexp = ROLE_NAME,
			message = "must be a role name: a letter, then letters, digits, hyphens or underscores") String role) {
	}

	record Accept(@NotBlank @Size(max = 200) String token) {
	}

	/** @param permissions {@code resource:action} each, at most 100 */
	record Role(@NotBlank @Pattern(regexp = ROLE_NAME,
			message = "must be a role name: a letter, then letters, digits, hyphens or underscores") String name,
			@Size(max = 500) String description,
			@NotNull @Size(min = 1, max = 100) List<@NotBlank @Pattern(regexp = "^[a-z][a-z0-9_-]{0,62}:[a-z*][a-z0-9_*-]{0,62}$",
					message = "must be resource:action in lower case, like reports:read") String> permissions) {
	}

}
