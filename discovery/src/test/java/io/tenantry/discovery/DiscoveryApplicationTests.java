package io.tenantry.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DiscoveryApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void registryAnswersWithItsApplicationsAndIsReady() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> apps = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/eureka/apps"))
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(apps.statusCode()).isEqualTo(200);
		assertThat(apps.body()).contains("\"applications\"");
		HttpResponse<String> ready = client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/readiness")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(ready.statusCode()).isEqualTo(200);
	}

}
