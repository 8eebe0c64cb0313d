package io.tenantry.tenant.tenant;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

@Transactional(readOnly = true)
interface TenantRepository extends JpaRepository<Tenant, UUID> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select t from Tenant t where t.id = :id")
	Optional<Tenant> findForUpdate(UUID id);

}
