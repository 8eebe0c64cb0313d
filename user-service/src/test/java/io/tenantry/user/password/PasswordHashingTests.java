package io.tenantry.user.password;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class PasswordHashingTests {

	@Test
	void aFloodBeyondThePoolAndItsQueueIsRefusedInsteadOfWaitingForever() {
		PasswordHashing hashing = new PasswordHashing(new PasswordProperties(12, 5, 1, 1));
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<String>> hashes = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				hashes.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return hashing.hash("a password of some length");
				}, callers));
			}
			start.countDown();
			long refused = hashes.stream().filter((hash) -> {
				try {
					hash.join();
					return false;
				}
				catch (CompletionException ex) {
					return ex.getCause() instanceof HashingBusyException;
				}
			}).count();
			assertThat(refused).isPositive().isLessThan(8);
		}
		finally {
			callers.shutdownNow();
			hashing.destroy();
		}
	}

	@Test
	void aFullQueueIsAServiceUnavailableProblemWithRetryAfter() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(new BusyController())
			.setControllerAdvice(new HashingBusyHandler())
			.build();
		mvc.perform(get("/busy"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/service-unavailable"));
	}

	@Test
	void theDefaultIsHalfTheProcessorsAndAtLeastOne() {
		int processors = Runtime.getRuntime().availableProcessors();
		assertThat(new PasswordProperties(12, 5, 0, 64).effectiveHashingThreads())
			.isEqualTo(Math.max(1, processors / 2));
		assertThat(new PasswordProperties(12, 5, 3, 64).effectiveHashingThreads()).isEqualTo(3);
	}

	@RestController
	static class BusyController {

		@GetMapping("/busy")
		String busy() {
			throw new HashingBusyException();
		}

	}

}
