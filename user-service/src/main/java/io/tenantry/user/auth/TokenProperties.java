package io.tenantry.user.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token, session and lockout settings.
 *
 * @param accessTokenTtl lifetime of an access token
 * @param sessionIdleTimeout a session whose refresh token is not used for this long ends
 * @param sessionMaxLifetime a session ends this long after its login, used or not
 * @param mfaChallengeTtl time to enter the second factor after the password
 * @param lockout when failed logins lock an account
 * @param firstPartyClientId the public client of Tenantry's own applications, which may
 * use the refresh_token grant of /oauth2/token without a secret
 */
@ConfigurationProperties("tenantry.tokens")
public record TokenProperties(@DefaultValue("10m") Duration accessTokenTtl,
		@DefaultValue("30m") Duration sessionIdleTimeout, @DefaultValue("10h") Duration sessionMaxLifetime,
		@DefaultValue("5m") Duration mfaChallengeTtl, @DefaultValue Lockout lockout,
		@DefaultValue("tenantry-web") String firstPartyClientId) {

	/**
	 * @param maxFailures failures within {@code window} that lock the account
	 * @param window how long failures are counted together
	 * @param durations how long the first, second, ... lockout lasts (the last repeats)
	 */
	public record Lockout(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration window,
			@DefaultValue({ "1m", "5m", "15m", "60m" }) List<Duration> durations) {
	}

}
