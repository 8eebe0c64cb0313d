package io.tenantry.e2e;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** As a client: log in, call through the gateway, and be refused with any bad token. */
@Order(1)
class AuthenticationE2ETests {

	static final String PLATFORM_TENANT_PATH = "/api/tenants/" + Suite.PLATFORM_TENANT;

	@BeforeAll
	static void suiteIsRunning() {
		Suite.stack();
	}

	@Test
	void adminLogsInAndCallsAServiceThroughTheGateway() {
		String token = Suite.adminToken();
		HttpResponse<String> response = Suite.get(PLATFORM_TENANT_PATH, token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.slug")).isEqualTo("platform");
		assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
	}

	@Test
	void withoutATokenTheGatewayAnswers401ProblemJson() {
		HttpResponse<String> response = Suite.get(PLATFORM_TENANT_PATH, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat((String) JsonPath.read(response.body(), "$.type"))
			.isEqualTo("https://tenantry.io/problems/unauthenticated");
	}

	@Test
	void wrongPasswordIsRefusedWithProblemJson() {
		HttpResponse<String> response = Suite.post("/api/auth/login",
				"{\"tenant\":\"platform\",\"email\":\"" + Suite.ADMIN_EMAIL + "\",\"password\":\"not the password\"}");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void forgedExpiredForeignAndUnsignedTokensAreRefused() throws Exception {
		RSAKey issuerKey = Tokens.issuerKey();
		String issuer = Suite.gateway();
		Instant later = Instant.now().plusSeconds(300);
		List<String> attacks = List.of(
				Tokens.sign(Tokens.foreignKey(issuerKey.getKeyID()),
						Tokens.claims(Suite.PLATFORM_TENANT, issuer, later).build()),
				Tokens.unsigned(Tokens.claims(Suite.PLATFORM_TENANT, issuer, later).build()),
				Tokens.sign(issuerKey, Tokens.claims(Suite.PLATFORM_TENANT, issuer, Instant.now().minusSeconds(120)).build()),
				Tokens.sign(issuerKey, Tokens.claims(Suite.PLATFORM_TENANT, "https://evil.example", later).build()));
		// the issuer's key with everything right is accepted: the refusals above are for the stated reason
		assertThat(Suite.get(PLATFORM_TENANT_PATH,
				Tokens.sign(issuerKey, Tokens.claims(Suite.PLATFORM_TENANT, issuer, later).build())).statusCode())
			.isEqualTo(200);
		for (String token : attacks) {
			HttpResponse<String> response = Suite.get(PLATFORM_TENANT_PATH, token);
			assertThat(response.statusCode()).as(token).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

}
