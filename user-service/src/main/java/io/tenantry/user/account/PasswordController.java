package io.tenantry.user.account;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/users")
class PasswordController {

	private final Credentials credentials;

	PasswordController(Credentials credentials) {
		this.credentials = credentials;
	}

	@PostMapping("/{id}/change-password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Change your own password, giving the current one",
			description = "Ends every other session of the user.")
	void change(@PathVariable UUID id, @Valid @RequestBody ChangePassword request) {
		this.credentials.change(Caller.current(), id, request.currentPassword(), request.newPassword());
	}

	@PostMapping("/reset-password")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Ask for a password reset token by email (public)",
			description = "Always 202, whether or not the account exists. The token is valid 30 minutes, once.")
	void reset(@Valid @RequestBody ResetPassword request) {
		this.credentials.requestReset(request.tenant(), request.email());
	}

	@PostMapping("/set-password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Set a password with a reset or invitation token (public)",
			description = "An invited user becomes ACTIVE. Ends every session of the user.")
	void set(@Valid @RequestBody SetPassword request) {
		this.credentials.setWithToken(request.token(), request.newPassword());
	}

	record ChangePassword(@NotBlank @Size(max = 1024) String currentPassword,
			@NotBlank @Size(max = 1024) String newPassword) {

		@Override
		public String toString() {
			return "ChangePassword[***]";
		}

	}

	record ResetPassword(@NotBlank @Size(max = 63) String tenant, @NotBlank @Email @Size(max = 320) String email) {
	}

	record SetPassword(@NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 1024) String newPassword) {

		@Override
		public String toString() {
			return "SetPassword[***]";
		}

	}

}
