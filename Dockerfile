# The service jar on a Java 17 runtime. Build the jar first: mvn -q package -DskipTests
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY api/target/scoville.jar /app/scoville.jar
# State (RocksDB) lives here; mount a volume to keep it across container restarts.
VOLUME ["/app/data"]
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=7070 STATE_DIR=/app/data/state
EXPOSE 7070
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/scoville.jar"]
