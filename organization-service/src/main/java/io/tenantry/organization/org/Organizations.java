package io.tenantry.organization.org;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ListQuery;
import io.tenantry.common.web.PageResponse;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.organization.events.MemberEvent;
import io.tenantry.organization.events.OrganizationEvent;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's tree of organizations. Each row keeps its path from the root, so a subtree is
 * {@code path @> {id}} and the ancestors are the path itself. Changes to the shape of the
 * tree (create, move, delete) take a per-tenant lock, so two concurrent moves cannot make a
 * cycle between them.
 */
@Service
class Organizations {

	static final RowMapper<OrganizationView> ROWS = Organizations::row;

	static final String COLUMNS = "id, parent_id, name, description, path, depth, created_at, updated_at";

	private static final Map<String, String> SORTS = Map.of("name", "lower(name)", "createdAt", "created_at", "depth",
			"depth");

	private final JdbcTemplate jdbc;

	private final Access access;

	private final EventOutbox events;

	private final OrganizationProperties properties;

	private final Clock clock;

	Organizations(JdbcTemplate jdbc, Access access, EventOutbox events, OrganizationProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.access = access;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	OrganizationView create(Caller caller, OrgRequests.Create request) {
		lockTree();
		OrganizationView parent = null;
		if (request.parentId() != null) {
			parent = find(request.parentId())
				.orElseThrow(() -> new InvalidRequestException("parentId", "no such organization"));
			this.access.require(caller, parent, Permissions.ORG_CREATE_CHILD);
		}
		else if (!caller.tenantAdmin()) {
			throw this.access.denied("create a root organization");
		}
		int depth = (parent != null) ? parent.depth() + 1 : 1;
		if (depth > this.properties.maxDepth()) {
			throw new ConflictException("Organizations nest at most " + this.properties.maxDepth() + " levels deep");
		}
		UUID id = UUID.randomUUID();
		List<UUID> path = new ArrayList<>((parent != null) ? parent.path() : List.of());
		path.add(id);
		try {
			insert(id, request.parentId(), request.name().strip(), request.description(), path);
		}
		catch (DuplicateKeyException ex) {
			throw siblingNameTaken(request.name());
		}
		OrganizationView created = find(id).orElseThrow();
		publish(OrganizationEvent.CREATED, created, null);
		return created;
	}

	/**
	 * The root organization a new tenant starts with, in the current (event's) transaction;
	 * nothing when the tenant already has a root of that name.
	 */
	void createRoot(String name) {
		lockTree();
		String rootName = name.strip();
		List<UUID> existing = this.jdbc.queryForList(
				"select id from organization where parent_id is null and lower(name) = lower(?)", UUID.class, rootName);
		if (!existing.isEmpty()) {
			return;
		}
		UUID id = UUID.randomUUID();
		insert(id, null, rootName, "The tenant's root organization", List.of(id));
		publish(OrganizationEvent.CREATED, require(id), null);
	}

	private void insert(UUID id, UUID parentId, String name, String description, List<UUID> path) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("""
				insert into organization (tenant_id, id, parent_id, name, description, path, depth, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""", TenantContext.requireTenantId(), id, parentId, name, description, path.toArray(UUID[]::new),
				path.size(), now, now);
	}

	@Transactional(readOnly = true)
	OrganizationView get(Caller caller, UUID id) {
		return require(id);
	}

	@Transactional
	OrganizationView update(Caller caller, UUID id, OrgRequests.Update request) {
		OrganizationView organization = require(id);
		this.access.require(caller, organization, Permissions.ORG_UPDATE);
		String name = (request.name() != null) ? request.name().strip() : organization.name();
		String description = (request.description() != null) ? request.description() : organization.description();
		if (name.equals(organization.name()) && java.util.Objects.equals(description, organization.description())) {
			return organization;
		}
		try {
			this.jdbc.update("update organization set name = ?, description = ?, updated_at = ?, version = version + 1"
					+ " where id = ?", name, description, Timestamp.from(this.clock.instant()), id);
		}
		catch (DuplicateKeyException ex) {
			throw siblingNameTaken(name);
		}
		OrganizationView updated = require(id);
		publish(OrganizationEvent.UPDATED, updated, null);
		return updated;
	}

	/** Moves the organization and its whole subtree under another parent, or to the root. */
	@Transactional
	OrganizationView move(Caller caller, UUID id, OrgRequests.Move request) {
		lockTree();
		OrganizationView organization = require(id);
		this.access.require(caller, organization, Permissions.ORG_UPDATE);
		OrganizationView parent = null;
		if (request.parentId() != null) {
			parent = find(request.parentId())
				.orElseThrow(() -> new InvalidRequestException("parentId", "no such organization"));
			this.access.require(caller, parent, Permissions.ORG_CREATE_CHILD);
			if (parent.path().contains(id)) {
				throw new ConflictException("An organization cannot move under itself or one of its descendants");
			}
		}
		else if (!caller.tenantAdmin()) {
			throw this.access.denied("make an organization a root");
		}
		if (java.util.Objects.equals(request.parentId(), organization.parentId())) {
			return organization;
		}
		Integer deepest = this.jdbc.queryForObject("select max(depth) from organization where path @> array[?]::uuid[]",
				Integer.class, id);
		int newDepth = (parent != null) ? parent.depth() + 1 : 1;
		int below = ((deepest != null) ? deepest : organization.depth()) - organization.depth();
		if (newDepth + below > this.properties.maxDepth()) {
			throw new ConflictException("The move would nest organizations deeper than " + this.properties.maxDepth()
					+ " levels");
		}
		UUID[] prefix = (parent != null) ? parent.path().toArray(UUID[]::new) : new UUID[0];
		try {
			this.jdbc.update("update organization set parent_id = ?, updated_at = ?, version = version + 1 where id = ?",
					request.parentId(), Timestamp.from(this.clock.instant()), id);
		}
		catch (DuplicateKeyException ex) {
			throw siblingNameTaken(organization.name());
		}
		this.jdbc.update("""
				update organization set path = ?::uuid[] || path[?:], depth = ? + depth - ?
				where path @> array[?]::uuid[]
				""", prefix, organization.depth(), prefix.length + 1, organization.depth(), id);
		OrganizationView moved = require(id);
		publish(OrganizationEvent.MOVED, moved, organization.parentId());
		return moved;
	}

	/** Deletes an organization; one with children only with {@code cascade}, then its whole subtree. */
	@Transactional
	void delete(Caller caller, UUID id, boolean cascade) {
		lockTree();
		OrganizationView organization = require(id);
		this.access.require(caller, organization, Permissions.ORG_DELETE);
		List<OrganizationView> subtree = this.jdbc.query("select " + COLUMNS
				+ " from organization where path @> array[?]::uuid[] order by depth desc", ROWS, id);
		if (subtree.size() > 1 && !cascade) {
			throw new ConflictException("The organization has " + (subtree.size() - 1)
					+ " descendants; delete with cascade=true to delete them all");
		}
		UUID tenant = TenantContext.requireTenantId();
		UUID[] ids = subtree.stream().map(OrganizationView::id).toArray(UUID[]::new);
		this.jdbc.query("select organization_id, user_id, role from membership where organization_id = any(?::uuid[])",
				(rs) -> {
					this.events.append(Topics.ORGANIZATION, MemberEvent.REMOVED, rs.getString(2),
							new MemberEvent(tenant, rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
									rs.getString(3), null, "organization-deleted"));
				}, (Object) ids);
		this.jdbc.update("delete from membership where organization_id = any(?::uuid[])", (Object) ids);
		this.jdbc.update("delete from organization where id = any(?::uuid[])", (Object) ids);
		subtree.forEach((deleted) -> publish(OrganizationEvent.DELETED, deleted, null));
	}

	@Transactional(readOnly = true)
	PageResponse<OrganizationView> list(Caller caller, UUID parentId, Boolean roots, String name, int page, int size,
			String sort) {
		ListQuery query = ListQuery.from("organization")
			.whereIf(parentId, "parent_id = ?", parentId)
			.whereIf(Boolean.TRUE.equals(roots) ? Boolean.TRUE : null, "parent_id is null")
			.search("name", name, "name");
		return query.page(this.jdbc, "id", UUID.class, SORTS, sort, "name", page, size, (ids) -> {
			Map<UUID, OrganizationView> byId = new LinkedHashMap<>();
			this.jdbc.query("select " + COLUMNS + " from organization where id = any(?::uuid[])", ROWS,
					(Object) ids.toArray(UUID[]::new)).forEach((o) -> byId.put(o.id(), o));
			return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
		});
	}

	/** The tenant's organizations as nested nodes: every root, or the subtree of {@code rootId}. */
	@Transactional(readOnly = true)
	List<OrganizationView.Node> tree(Caller caller, UUID rootId) {
		List<OrganizationView> rows = (rootId != null)
				? this.jdbc.query("select " + COLUMNS + " from organization where path @> array[?]::uuid[]"
						+ " order by depth, lower(name)", ROWS, require(rootId).id())
				: this.jdbc.query("select " + COLUMNS + " from organization order by depth, lower(name)", ROWS);
		Map<UUID, List<OrganizationView.Node>> children = new LinkedHashMap<>();
		Map<UUID, OrganizationView.Node> nodes = new LinkedHashMap<>();
		List<OrganizationView.Node> top = new ArrayList<>();
		for (OrganizationView row : rows) {
			List<OrganizationView.Node> own = new ArrayList<>();
			children.put(row.id(), own);
			OrganizationView.Node node = new OrganizationView.Node(row.id(), row.name(), row.description(), row.depth(),
					own);
			nodes.put(row.id(), node);
			List<OrganizationView.Node> siblings = (row.parentId() != null) ? children.get(row.parentId()) : null;
			if (siblings != null && !row.id().equals(rootId)) {
				siblings.add(node);
			}
			else {
				top.add(node);
			}
		}
		return top;
	}

	@Transactional(readOnly = true)
	Map<String, Object> stats(Caller caller, UUID id) {
		OrganizationView organization = require(id);
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("organizationId", id);
		stats.put("depth", organization.depth());
		stats.put("children", this.jdbc.queryForObject("select count(*) from organization where parent_id = ?",
				Long.class, id));
		stats.put("descendants", this.jdbc.queryForObject(
				"select count(*) - 1 from organization where path @> array[?]::uuid[]", Long.class, id));
		stats.put("members", this.jdbc.queryForObject("select count(*) from membership where organization_id = ?",
				Long.class, id));
		stats.put("membersInSubtree", this.jdbc.queryForObject("""
				select count(distinct m.user_id) from membership m
				join organization o on o.tenant_id = m.tenant_id and o.id = m.organization_id
				where o.path @> array[?]::uuid[]
				""", Long.class, id));
		Map<String, Long> byRole = new LinkedHashMap<>();
		this.jdbc.query("select role, count(*) from membership where organization_id = ? group by role order by role",
				(rs) -> {
					byRole.put(rs.getString(1), rs.getLong(2));
				}, id);
		stats.put("membersByRole", byRole);
		return stats;
	}

	Optional<OrganizationView> find(UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from organization where id = ?", ROWS, id).stream().findFirst();
	}

	OrganizationView require(UUID id) {
		return find(id).orElseThrow(() -> new ResourceNotFoundException("Organization", id));
	}

	private void lockTree() {
		this.jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended('organization-tree:' || ?, 0))",
				Object.class, TenantContext.requireTenantId().toString());
	}

	private void publish(String type, OrganizationView organization, UUID previousParent) {
		this.events.append(Topics.ORGANIZATION, type, organization.id().toString(),
				new OrganizationEvent(TenantContext.requireTenantId(), organization.id(), organization.name(),
						organization.parentId(), previousParent, organization.path()));
	}

	private static ConflictException siblingNameTaken(String name) {
		return new ConflictException("An organization named " + name.strip() + " already exists at that level");
	}

	private static OrganizationView row(ResultSet rs, int row) throws SQLException {
		Array path = rs.getArray(5);
		return new OrganizationView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
				rs.getString(4), Arrays.asList((UUID[]) path.getArray()), rs.getInt(6),
				rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant());
	}

}
