package io.tenantry.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * audit-service's Ed25519 key for signing checkpoints, kept in its database so restarts
 * and replicas sign with the same key; created once, under an advisory lock.
 */
@Component
class CheckpointKeys implements ApplicationRunner {

	private static final long CREATE_LOCK = 0x7e_4a_a0_01L;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private volatile Key key;

	CheckpointKeys(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Override
	public void run(ApplicationArguments args) {
		current();
	}

	Key current() {
		Key current = this.key;
		if (current == null) {
			current = this.transactions.execute((tx) -> {
				this.jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, CREATE_LOCK);
				if (this.jdbc.queryForObject("select count(*) from audit_signing_key", Integer.class) == 0) {
					insert();
				}
				return this.jdbc.queryForObject(
						"select kid, public_key, private_key from audit_signing_key order by created_at desc limit 1",
						(rs, row) -> Key.of(rs.getString("kid"), rs.getString("public_key"), rs.getString("private_key")));
			});
			this.key = current;
		}
		return current;
	}

	/** The public key that verifies signatures made with {@code kid}. */
	PublicKey publicKey(String kid) {
		String encoded = this.jdbc.queryForObject("select public_key from audit_signing_key where kid = ?", String.class,
				kid);
		return Key.publicKey(encoded);
	}

	private void insert() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			Base64.Encoder base64 = Base64.getEncoder();
			this.jdbc.update("insert into audit_signing_key (kid, public_key, private_key) values (?, ?, ?)",
					UUID.randomUUID().toString(), base64.encodeToString(pair.getPublic().getEncoded()),
					base64.encodeToString(pair.getPrivate().getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot create the checkpoint signing key", ex);
		}
	}

	/** A signing key. */
	record Key(String kid, PublicKey publicKey, PrivateKey privateKey) {

		static Key of(String kid, String publicKey, String privateKey) {
			try {
				PrivateKey priv = KeyFactory.getInstance("Ed25519")
					.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
				return new Key(kid, publicKey(publicKey), priv);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Stored checkpoint key " + kid + " cannot be read", ex);
			}
		}

		static PublicKey publicKey(String encoded) {
			try {
				return KeyFactory.getInstance("Ed25519")
					.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Stored checkpoint public key cannot be read", ex);
			}
		}

		String sign(byte[] content) {
			try {
				Signature signer = Signature.getInstance("Ed25519");
				signer.initSign(this.privateKey);
				signer.update(content);
				return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	static boolean verify(PublicKey key, byte[] content, String signature) {
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(content);
			return verifier.verify(Base64.getUrlDecoder().decode(signature));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

}
