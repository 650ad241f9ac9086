package dev.connections;

import dev.connections.connection.NameRules;
import dev.connections.secret.Secret;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jspecify.annotations.Nullable;

/**
 * An API key of 1–8192 characters without white space, control characters, invisible characters (zero-width
 * space, byte order mark, bidi controls and every other format character) or lone surrogates, which
 * UTF-8, the store's encoding, cannot hold. A key is never altered: a refused character is a field
 * error naming the character and its position.
 *
 * <p>Checked on the {@link Secret}'s characters in place, so validation never copies a key into a
 * String; messages never contain the value.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidApiKey.Check.class)
@interface ValidApiKey {
    int MAX_LENGTH = 8192;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check, instantiated by {@link InputValidation}'s validator factory. */
    final class Check implements ConstraintValidator<ValidApiKey, Secret> {
        @Override
        public boolean isValid(Secret key, ConstraintValidatorContext context) {
            if (key == null) {
                return fail(context, "Enter the API key.");
            }
            return key.use(chars -> {
                if (chars.length == 0) {
                    return fail(context, "Enter the API key.");
                }
                if (chars.length > MAX_LENGTH) {
                    return fail(context, "An API key has at most " + MAX_LENGTH + " characters.");
                }
                int position = 0;
                for (int i = 0; i < chars.length; ) {
                    int cp = Character.codePointAt(chars, i);
                    position++;
                    String problem = problem(cp, position);
                    if (problem != null) {
                        return fail(context, problem);
                    }
                    i += Character.charCount(cp);
                }
                return true;
            });
        }

        /**
         * Why code point {@code cp} at {@code position} (counted in characters from 1) cannot be in a key, or
         * null. The sentence names the character by code point and Unicode name, never the key around it.
         */
        static @Nullable String problem(int cp, int position) {
            if (Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
                return "This key contains a broken character (half of a UTF-16 surrogate pair, "
                        + NameRules.describe(cp) + ") at position " + position
                        + ", which cannot be stored as typed; copy the key again from its source.";
            }
            String kind;
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                kind = "a space or line break";
            } else if (Character.isISOControl(cp)) {
                kind = "a control character";
            } else if (NameRules.isInvisible(cp)) {
                kind = "an invisible character";
            } else {
                return null;
            }
            return "This key contains " + kind + " (" + NameRules.describe(cp) + ") at position " + position
                    + "; API keys have none. Remove it (copying from a web page or chat often adds one) and"
                    + " paste the key again.";
        }

        private static boolean fail(ConstraintValidatorContext context, String message) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            return false;
        }
    }
}
