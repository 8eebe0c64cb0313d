package io.tenantry.common.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Maps the {@code roles} claim to {@code ROLE_*} authorities and {@code scope} to
 * {@code SCOPE_*}; the principal name is the {@code sub} claim (the user or client id).
 */
public class TenantryJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	/** The JWT claim that carries the caller's roles. */
	public static final String ROLES_CLAIM = "roles";

	private static final String ROLE_PREFIX = "ROLE_";

	private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Collection<GrantedAuthority> authorities = new ArrayList<>(this.scopes.convert(jwt));
		List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
		if (roles != null) {
			roles.forEach((role) -> authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + role)));
		}
		return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
	}

	/** The caller's roles (the {@code ROLE_*} authorities, without the prefix). */
	public static Set<String> rolesOf(Authentication authentication) {
		if (authentication == null) {
			return Set.of();
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()))
			.collect(Collectors.toUnmodifiableSet());
	}

}
