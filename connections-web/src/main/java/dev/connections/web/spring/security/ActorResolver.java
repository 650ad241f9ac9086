package dev.connections.web.spring.security;

import dev.connections.id.Actor;
import org.springframework.security.core.Authentication;

/**
 * Who a signed-in user is in events and audit lines; define one as a bean to give actors a display name or
 * an id other than {@link Authentication#getName()}.
 */
@FunctionalInterface
public interface ActorResolver {

    /** The principal's name as both id and display name: what is used without an ActorResolver bean. */
    ActorResolver BY_NAME = authentication -> Actor.of(authentication.getName(), authentication.getName());

    /**
     * The actor of {@code authentication}.
     *
     * @throws IllegalArgumentException when the user cannot be named as an {@link Actor} (the request is then
     *     treated as not signed in)
     */
    Actor actor(Authentication authentication);
}
