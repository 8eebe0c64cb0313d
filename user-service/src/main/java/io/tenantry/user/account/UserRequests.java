package io.tenantry.user.account;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** Bodies of the user endpoints. Unknown fields (an {@code id}, a {@code tenantId}) are ignored. */
final class UserRequests {

	private UserRequests() {
	}

	@Schema(description = "A new user. Without a password the user is INVITED and receives an invitation.")
	record Create(@NotBlank @Email @Size(max = 320) String email, @Size(max = 200) String displayName,
			@NotEmpty @Size(max = 10) List<@NotBlank String> roles, @Size(max = 1024) String password) {

		@Override
		public String toString() {
			return "Create[email=" + this.email + ", roles=" + this.roles + "]";
		}

	}

	@Schema(description = "Changes to a user; a field left out is unchanged. Only OWNER or ADMIN may set roles or status.")
	record Update(@Email @Size(max = 320) String email, @Size(max = 200) String displayName,
			@Size(min = 1, max = 10) List<@NotBlank String> roles, AccountStatus status) {
	}

}
