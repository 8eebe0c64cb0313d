package io.tenantry.user.account;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** Accounts of the current tenant only: every query runs under its RLS policy. */
@Transactional(readOnly = true)
public interface UserAccountRepository extends JpaRepository<UserAccount, UUID> {

	@Query("select a from UserAccount a where lower(a.email) = lower(:email)")
	Optional<UserAccount> findByEmail(String email);

	/** The account, locked for update until the end of the transaction. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from UserAccount a where a.id = :id")
	Optional<UserAccount> findForUpdate(UUID id);

}
