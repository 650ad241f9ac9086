/** AES-256-GCM encryption of keys under a key ring, key providers and key rotation. */
@NullMarked
package dev.connections.crypto;

import org.jspecify.annotations.NullMarked;
