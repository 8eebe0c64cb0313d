package io.tenantry.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "user_account")
public class UserAccount {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private UUID tenantId;

	private String email;

	private String passwordHash;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(columnDefinition = "text[]")
	private List<String> roles;

	@Enumerated(EnumType.STRING)
	private AccountStatus status;

	private Instant createdAt;

	private Instant updatedAt;

	protected UserAccount() {
	}

	UserAccount(UUID tenantId, String email, String passwordHash, List<String> roles, Instant now) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId;
		this.email = email;
		this.passwordHash = passwordHash;
		this.roles = List.copyOf(roles);
		this.status = AccountStatus.ACTIVE;
		this.createdAt = now;
		this.updatedAt = now;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public String getEmail() {
		return this.email;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	public List<String> getRoles() {
		return this.roles;
	}

	public AccountStatus getStatus() {
		return this.status;
	}

	public boolean isActive() {
		return this.status == AccountStatus.ACTIVE;
	}

}
