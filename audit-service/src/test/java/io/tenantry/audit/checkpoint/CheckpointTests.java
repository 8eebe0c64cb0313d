package io.tenantry.audit.checkpoint;

import java.time.Instant;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.audit.AuditEvents;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class CheckpointTests {

	static final UUID USER = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	Checkpoints checkpoints;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void checkpointIsSignedVerifiableOfflineAndOnlyWhenTheChainGrew() throws Exception {
		UUID tenant = UUID.randomUUID();
		append(tenant, 3);
		Checkpoint checkpoint = this.checkpoints.checkpoint(tenant).orElseThrow();
		assertThat(checkpoint.seq()).isEqualTo(3);
		assertThat(this.checkpoints.signatureValid(checkpoint)).isTrue();
		assertThat(this.checkpoints.checkpoint(tenant)).isEmpty();

		// offline: the published public key checks the signature over the canonical JSON
		String keys = this.mvc.perform(get("/api/audit/checkpoints/keys")).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		String publicKey = JsonPath.read(keys, "$['" + checkpoint.kid() + "']");
		assertThat(CheckpointKeys.verify(CheckpointKeys.Key.publicKey(publicKey), checkpoint.signedContent(),
				checkpoint.signature())).isTrue();
		Checkpoint forged = new Checkpoint(tenant, 3, "f".repeat(64), checkpoint.createdAt(), checkpoint.kid(),
				checkpoint.signature());
		assertThat(this.checkpoints.signatureValid(forged)).isFalse();

		this.mvc.perform(get("/api/audit/checkpoints").header("Authorization", auditor(tenant)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].seq").value(3))
			.andExpect(jsonPath("$[0].signature").value(checkpoint.signature()));
		this.mvc.perform(get("/api/audit/checkpoints").header("Authorization", auditor(UUID.randomUUID())))
			.andExpect(jsonPath("$.length()").value(0));
	}

	@Test
	void purgedEntriesAreVerifiedFromTheirCheckpoint() throws Exception {
		UUID tenant = UUID.randomUUID();
		append(tenant, 3);
		this.mvc.perform(post("/api/audit/checkpoints").header("Authorization", auditor(tenant)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.seq").value(3));
		append(tenant, 2);
		// retention removes entries 1 to 3 (done here by hand, around the append-only guard)
		JdbcTemplate superuser = AuditEvents.superuser();
		superuser.execute("alter table audit_entry disable trigger audit_entry_append_only");
		try {
			superuser.update("delete from audit_entry where tenant_id = ? and seq <= 3", tenant);
		}
		finally {
			superuser.execute("alter table audit_entry enable trigger audit_entry_append_only");
		}
		verify(tenant, true, null);

		// without the checkpoint that covers them, the gap is reported
		superuser.update("delete from audit_checkpoint where tenant_id = ?", tenant);
		verify(tenant, false, "entries before it are gone and no signed checkpoint covers them");
	}

	private void verify(UUID tenant, boolean valid, String reason) throws Exception {
		var result = this.mvc.perform(get("/api/audit/verify").header("Authorization", auditor(tenant)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(valid));
		if (reason != null) {
			result.andExpect(jsonPath("$.firstBrokenLink.seq").value(4))
				.andExpect(jsonPath("$.firstBrokenLink.reason").value(reason));
		}
	}

	private void append(UUID tenant, int count) {
		AuditEvents.append(this.kafka, tenant, count, "io.tenantry.tenant.updated.v1", Instant.now(), USER, "{}");
	}

	private static String auditor(UUID tenant) {
		return "Bearer " + TestJwts.token(tenant, USER, "AUDITOR");
	}

}
