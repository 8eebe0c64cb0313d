package io.tenantry.user.password;

import java.security.MessageDigest;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import org.springframework.security.crypto.keygen.BytesKeyGenerator;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, base64
 * without padding), the format of Spring Security's {@code Argon2PasswordEncoder}, whose
 * hashes it reads and which reads its hashes.
 * <p>
 * It differs in one way: the 1 KiB blocks of Argon2's memory (19,456 of them per hash here)
 * come from a pool that keeps enough for {@code concurrentHashes} hashes, instead of being
 * allocated for each hash and left to the garbage collector. A login flood otherwise turns
 * into 19 MiB of garbage per login, most of it still live when the young generation fills,
 * so it is copied and promoted and then collected again from the old generation.
 */
final class Argon2idEncoder implements PasswordEncoder {

	private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

	private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

	private final int hashLength;

	private final int parallelism;

	private final int memoryKib;

	private final int iterations;

	private final BytesKeyGenerator salts;

	private final Argon2BytesGenerator.BlockPool blocks;

	Argon2idEncoder(int saltLength, int hashLength, int parallelism, int memoryKib, int iterations,
			int concurrentHashes) {
		this.hashLength = hashLength;
		this.parallelism = parallelism;
		this.memoryKib = memoryKib;
		this.iterations = iterations;
		this.salts = KeyGenerators.secureRandom(saltLength);
		this.blocks = new Argon2BytesGenerator.FixedBlockPool(memoryKib * concurrentHashes);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		byte[] salt = this.salts.generateKey();
		byte[] hash = hash(rawPassword, Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, salt,
				this.memoryKib, this.iterations, this.parallelism, this.hashLength);
		return "$argon2id$v=19$m=" + this.memoryKib + ",t=" + this.iterations + ",p=" + this.parallelism + "$"
				+ B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		Stored stored = Stored.parse(encodedPassword);
		if (stored == null || rawPassword == null) {
			return false;
		}
		byte[] actual = hash(rawPassword, stored.type(), stored.version(), stored.salt(), stored.memoryKib(),
				stored.iterations(), stored.parallelism(), stored.hash().length);
		return MessageDigest.isEqual(actual, stored.hash());
	}

	/** A stored hash made with other parameters than today's is replaced at the next login. */
	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		Stored stored = Stored.parse(encodedPassword);
		return stored == null || stored.type() != Argon2Parameters.ARGON2_id || stored.memoryKib() != this.memoryKib
				|| stored.iterations() != this.iterations || stored.parallelism() != this.parallelism;
	}

	private byte[] hash(CharSequence raw, int type, int version, byte[] salt, int memoryKib, int iterations,
			int parallelism, int length) {
		Argon2Parameters parameters = new Argon2Parameters.Builder(type).withVersion(version)
			.withSalt(salt)
			.withMemoryAsKB(memoryKib)
			.withIterations(iterations)
			.withParallelism(parallelism)
			.withBlockPool(this.blocks)
			.build();
		Argon2BytesGenerator generator = new Argon2BytesGenerator();
		generator.init(parameters);
		byte[] out = new byte[length];
		generator.generateBytes(raw.toString().toCharArray(), out);
		return out;
	}

	private record Stored(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
			byte[] hash) {

		/** Parses {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}; null when it is not one. */
		static Stored parse(String encoded) {
			if (encoded == null) {
				return null;
			}
			String[] parts = encoded.split("\\$");
			if (parts.length != 6 || !parts[0].isEmpty()) {
				return null;
			}
			try {
				int type = switch (parts[1]) {
					case "argon2id" -> Argon2Parameters.ARGON2_id;
					case "argon2i" -> Argon2Parameters.ARGON2_i;
					case "argon2d" -> Argon2Parameters.ARGON2_d;
					default -> -1;
				};
				if (type < 0 || !parts[2].startsWith("v=")) {
					return null;
				}
				int version = Integer.parseInt(parts[2].substring(2));
				int memory = -1;
				int iterations = -1;
				int parallelism = -1;
				for (String parameter : parts[3].split(",")) {
					String[] pair = parameter.split("=", 2);
					int value = Integer.parseInt(pair[1]);
					switch (pair[0]) {
						case "m" -> memory = value;
						case "t" -> iterations = value;
						case "p" -> parallelism = value;
						default -> {
							return null;
						}
					}
				}
				if (memory <= 0 || iterations <= 0 || parallelism <= 0) {
					return null;
				}
				return new Stored(type, version, memory, iterations, parallelism, B64_DECODER.decode(parts[4]),
						B64_DECODER.decode(parts[5]));
			}
			catch (IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
				return null;
			}
		}

	}

}
