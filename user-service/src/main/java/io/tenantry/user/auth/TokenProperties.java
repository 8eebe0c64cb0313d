package io.tenantry.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param accessTokenTtl lifetime of an access token
 */
@ConfigurationProperties("tenantry.tokens")
public record TokenProperties(@DefaultValue("10m") Duration accessTokenTtl) {

}
