package io.tenantry.common.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tenantry.common.web.ProblemResponses;
import io.tenantry.common.web.ProblemType;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 from the security filters as problem+json, keeping the RFC 6750
 * {@code WWW-Authenticate} header. The detail never says why a token was refused.
 */
public final class ProblemSecurityHandlers {

	private ProblemSecurityHandlers() {
	}

	public static AuthenticationEntryPoint authenticationEntryPoint() {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException ex) -> {
			bearer.commence(request, response, ex);
			ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHENTICATED,
					"A valid access token is required");
		};
	}

	public static AccessDeniedHandler accessDeniedHandler() {
		BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
		return (HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex) -> {
			bearer.handle(request, response, ex);
			write(request, response);
		};
	}

	private static void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, ProblemType.ACCESS_DENIED,
				"You may not perform this operation");
	}

}
