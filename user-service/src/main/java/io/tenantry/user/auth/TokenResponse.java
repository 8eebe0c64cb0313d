package io.tenantry.user.auth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of the login API: tokens (RFC 6749 section 5.1 field names), or the second
 * step the login still needs ({@code mfa_required} with an {@code mfa_token}, or
 * {@code mfa_enrollment_required} with the same token for enrolment).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(@JsonProperty("access_token") String accessToken,
		@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") Long expiresIn,
		@JsonProperty("refresh_token") String refreshToken, @JsonProperty("scope") String scope,
		@JsonProperty("mfa_required") Boolean mfaRequired,
		@JsonProperty("mfa_enrollment_required") Boolean mfaEnrollmentRequired,
		@JsonProperty("mfa_token") String mfaToken, @JsonProperty("recovery_codes") List<String> recoveryCodes) {

	static TokenResponse tokens(String accessToken, long expiresIn, String refreshToken, String scope) {
		return new TokenResponse(accessToken, "Bearer", expiresIn, refreshToken, scope, null, null, null, null);
	}

	static TokenResponse mfaRequired(String mfaToken) {
		return new TokenResponse(null, null, null, null, null, true, null, mfaToken, null);
	}

	static TokenResponse mfaEnrollmentRequired(String mfaToken) {
		return new TokenResponse(null, null, null, null, null, null, true, mfaToken, null);
	}

	TokenResponse withRecoveryCodes(List<String> codes) {
		return new TokenResponse(this.accessToken, this.tokenType, this.expiresIn, this.refreshToken, this.scope,
				this.mfaRequired, this.mfaEnrollmentRequired, this.mfaToken, codes);
	}

	@Override
	public String toString() {
		return "TokenResponse[***]";
	}

}
