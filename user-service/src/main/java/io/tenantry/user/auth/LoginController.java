package io.tenantry.user.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.user.account.Caller;
import io.tenantry.user.mfa.Mfa;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
class LoginController {

	private final Login login;

	private final Sessions sessions;

	LoginController(Login login, Sessions sessions) {
		this.login = login;
		this.sessions = sessions;
	}

	@PostMapping("/login")
	@Operation(summary = "Log in with tenant slug, email and password",
			description = "Returns an access token (10 minutes) and a refresh token, or mfa_required / "
					+ "mfa_enrollment_required with an mfa_token for the second step. An unknown tenant or email, a "
					+ "wrong password and a locked or inactive account all get the same 401.")
	TokenResponse login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		return this.login.login(request.tenant(), request.email(), request.password(), ClientInfo.of(http));
	}

	@PostMapping("/mfa/verify")
	@Operation(summary = "Complete a login with a TOTP or recovery code",
			description = "For mfa_required, any current code or an unused recovery code. For "
					+ "mfa_enrollment_required, after /api/auth/mfa/enroll, the first code of the new authenticator; "
					+ "the answer then carries the recovery codes. Five wrong codes end the challenge.")
	TokenResponse verify(@Valid @RequestBody MfaVerifyRequest request) {
		return this.login.verifyMfa(request.mfaToken(), request.code());
	}

	@PostMapping("/mfa/enroll")
	@Operation(summary = "Start the TOTP enrolment a login requires (mfa_enrollment_required)")
	Mfa.Enrolment enroll(@Valid @RequestBody MfaEnrollRequest request) {
		return this.login.startEnrolment(request.mfaToken());
	}

	@PostMapping("/refresh")
	@Operation(summary = "Exchange a refresh token for new tokens",
			description = "The refresh token is single-use: the answer carries the next one. Presenting a used one "
					+ "revokes the whole session.")
	TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
		return this.sessions.refresh(request.refreshToken());
	}

	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "End the session of the access token; its refresh tokens stop working")
	void logout() {
		Caller caller = Caller.current();
		if (caller.sessionId() == null) {
			throw new AccessDeniedException("This token belongs to no session");
		}
		this.sessions.logout(java.util.UUID.fromString(caller.subject()), caller.sessionId());
	}

	record LoginRequest(@NotBlank @Size(max = 63) String tenant, @NotBlank @Email @Size(max = 320) String email,
			@NotBlank @Size(max = 1024) String password) {

		@Override
		public String toString() {
			return "LoginRequest[tenant=" + this.tenant + ", email=" + this.email + "]";
		}

	}

	record MfaVerifyRequest(@JsonProperty("mfa_token") @NotBlank @Size(max = 200) String mfaToken,
			@NotBlank @Size(max = 20) String code) {
	}

	record MfaEnrollRequest(@JsonProperty("mfa_token") @NotBlank @Size(max = 200) String mfaToken) {
	}

	record RefreshRequest(@JsonProperty("refresh_token") @NotBlank @Size(max = 200) String refreshToken) {

		@Override
		public String toString() {
			return "RefreshRequest[***]";
		}

	}

}
