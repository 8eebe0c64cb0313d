package io.tenantry.user.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest with AES-256-GCM under keys derived from the master key
 * ({@code tenantry.secrets.master-key}, base64 of 32 bytes) with HMAC-SHA256: a tenant's
 * secrets (TOTP seeds) under a key per tenant, with the tenant and the user as associated
 * data, so a seed copied to another row does not decrypt; the platform's own secrets (the
 * token signing keys) under a key per purpose, with their id as associated data. Layout:
 * version byte, 12-byte nonce, ciphertext and tag.
 */
@Component
public class SecretBox {

	private static final byte VERSION = 1;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] masterKey;

	SecretBox(Properties properties) {
		this.masterKey = Base64.getDecoder().decode(properties.masterKey());
		if (this.masterKey.length != 32) {
			throw new IllegalStateException("tenantry.secrets.master-key must be base64 of 32 bytes");
		}
	}

	public byte[] seal(UUID tenantId, UUID userId, byte[] plaintext) {
		return seal("tenantry-secrets:" + tenantId, tenantId + "/" + userId, plaintext);
	}

	public byte[] open(UUID tenantId, UUID userId, byte[] box) {
		return open("tenantry-secrets:" + tenantId, tenantId + "/" + userId, box);
	}

	/**
	 * Seals one of the platform's own secrets.
	 * @param purpose what it is (one key per purpose), e.g. {@code signing-key}
	 * @param id which one (the associated data), e.g. the key id
	 */
	public byte[] sealPlatformSecret(String purpose, String id, byte[] plaintext) {
		return seal("tenantry-platform:" + purpose, id, plaintext);
	}

	public byte[] openPlatformSecret(String purpose, String id, byte[] box) {
		return open("tenantry-platform:" + purpose, id, box);
	}

	private byte[] seal(String keyLabel, String associatedData, byte[] plaintext) {
		try {
			byte[] nonce = new byte[12];
			RANDOM.nextBytes(nonce);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keyLabel, associatedData, nonce);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + nonce.length + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt", ex);
		}
	}

	private byte[] open(String keyLabel, String associatedData, byte[] box) {
		if (box == null || box.length < 1 + 12 + 16 || box[0] != VERSION) {
			throw new IllegalStateException("Not a sealed secret");
		}
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, keyLabel, associatedData, Arrays.copyOfRange(box, 1, 13));
			return cipher.doFinal(box, 13, box.length - 13);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot decrypt a sealed secret", ex);
		}
	}

	private Cipher cipher(int mode, String keyLabel, String associatedData, byte[] nonce)
			throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(this.masterKey, "HmacSHA256"));
		byte[] key = mac.doFinal(keyLabel.getBytes(StandardCharsets.UTF_8));
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
		cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	/**
	 * @param masterKey base64 of 32 bytes; the default is for local runs only, set
	 * {@code TENANTRY_SECRETS_MASTER_KEY} anywhere else
	 */
	@ConfigurationProperties("tenantry.secrets")
	record Properties(@DefaultValue("bG9jYWwtb25seS1tYXN0ZXIta2V5LWRvLW5vdC11c2U=") String masterKey) {
	}

}
