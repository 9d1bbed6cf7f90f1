package dev.hamcp.bridge.runtime.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Limits of the REST API. */
@ConfigurationProperties("bridge.http")
public record HttpProperties(@DefaultValue("64KB") DataSize maxBodySize) {}
