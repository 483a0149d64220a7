#!/usr/bin/env bash
# Builds the container image's base where no container registry can be reached, only Debian's package mirror:
# a minimal Debian 12 with Debian's OpenJDK 17 JRE (headless) and the CA certificates, made by debootstrap,
# imported into Podman and saved as a docker-archive tarball that Jib takes as its base:
#
#   sudo deploy/image/build-base.sh /tmp/tijori-base.tar
#   ./mvnw -DskipTests package jib:buildTar -Dtijori.image.base=tar:///tmp/tijori-base.tar
#
# Where a registry is reachable, leave it: the image builds on eclipse-temurin:17-jre (pom.xml, tijori.image.base).
# Needs root, debootstrap and podman (apt-get install debootstrap podman).
set -euo pipefail
out=${1:?usage: build-base.sh /path/to/base.tar}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$work/rootfs" "$mirror"
# What a running JRE never needs: package caches, manuals, translations.
rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/* \
  "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/locale/*

tar -C "$work/rootfs" --numeric-owner -c . \
  | podman import --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' - localhost/tijori-base:17-jre
rm -f "$out"
podman save --format docker-archive -o "$out" localhost/tijori-base:17-jre
echo "base image: $out ($(du -h "$out" | cut -f1))"
