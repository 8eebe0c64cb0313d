package io.tenantry.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Serves the repository's own deploy/config folder, as it does in local-stack. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
class ConfigServerApplicationTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void configRepository(DynamicPropertyRegistry registry) {
		Path repo = Path.of("..", "deploy", "config").toAbsolutePath().normalize();
		registry.add("spring.cloud.config.server.native.search-locations", () -> repo.toUri().toString());
	}

	@Test
	void servesSharedAndServiceSpecificConfiguration() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/tenant-service/default"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("deploy/config/application.yml")
			.contains("deploy/config/tenant-service.yml");
	}

}
