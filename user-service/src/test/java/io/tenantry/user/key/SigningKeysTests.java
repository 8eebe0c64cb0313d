package io.tenantry.user.key;

import io.tenantry.common.test.TenantryServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@TenantryServiceTest
class SigningKeysTests {

	@Autowired
	SigningKeys keys;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aRestartedIssuerSignsWithTheSameStoredKey() throws Exception {
		String kid = this.keys.current().getKeyID();
		SigningKeys afterRestart = new SigningKeys(this.jdbc, this.transactions);
		assertThat(afterRestart.current().getKeyID()).isEqualTo(kid);
		assertThat(afterRestart.current().toRSAPublicKey()).isEqualTo(this.keys.current().toRSAPublicKey());
		assertThat(this.jdbc.queryForObject("select count(*) from signing_key where retired_at is null", Integer.class))
			.isEqualTo(1);
	}

}
