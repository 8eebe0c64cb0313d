package io.tenantry.user.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.user.account.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/users/api-clients")
class ApiClientController {

	private final ApiClients clients;

	ApiClientController(ApiClients clients) {
		this.clients = clients;
	}

	@PostMapping
	@Operation(summary = "Create an API client of the tenant (OWNER, ADMIN)",
			description = "Returns client_id and client_secret, shown this once. The client gets tokens with "
					+ "grant_type=client_credentials at /oauth2/token; they carry the tenant, the roles and the scopes.")
	ResponseEntity<Map<String, Object>> create(@Valid @RequestBody CreateRequest request) {
		ApiClients.CreatedClient created = this.clients.create(Caller.current(), request.name().strip(),
				request.roles(), request.scopes());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", created.client().id());
		body.put("clientId", created.client().clientId());
		body.put("clientSecret", created.clientSecret());
		body.put("name", created.client().name());
		body.put("roles", created.client().roles());
		body.put("scopes", created.client().scopes());
		body.put("createdAt", created.client().createdAt());
		return ResponseEntity.created(URI.create("/api/users/api-clients/" + created.client().id())).body(body);
	}

	@GetMapping
	@Operation(summary = "The tenant's API clients, revoked ones included (OWNER, ADMIN)")
	List<ApiClients.ApiClientView> list() {
		return this.clients.list(Caller.current());
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Revoke an API client: it gets no new token (OWNER, ADMIN)")
	void revoke(@PathVariable UUID id) {
		this.clients.revoke(Caller.current(), id);
	}

	record CreateRequest(@NotBlank @Size(max = 100) String name, @Size(max = 5) List<@NotBlank String> roles,
			@Size(max = 10) List<@NotBlank String> scopes) {
	}

}
