/**
 * The reference host application: the Settings › Connections page of a workspace product, built on
 * Javalin and server-rendered Thymeleaf templates over the {@link dev.connections.Connections} facade.
 *
 * <p>{@link dev.connections.examples.web.WebApp} starts it; {@code Storage} is the one place that
 * decides where connections are kept; {@code ConnectionsPages} maps each page and form to one facade
 * call. Keys only ever travel from a form into the library: pages show hints, never keys.
 */
@NullMarked
package dev.connections.examples.web;

import org.jspecify.annotations.NullMarked;
