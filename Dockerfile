# FeedWatch: build with the SDK, run on the (smaller) .NET runtime image as a non-root user.
#   docker build -t feedwatch .
#   docker run -d -v feedwatch-data:/data -v ./appsettings.json:/app/appsettings.json:ro feedwatch
# Every setting can also come from the environment (FeedWatch__Smtp__Host=...), and secrets from files
# (FeedWatch__Smtp__Password_FILE=/run/secrets/smtp_password). See deploy/README.md.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN sh deploy/publish.sh /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
# The container's environment (.ci/run starts the published app with these same lines).
ENV FeedWatch__DataDirectory=/data
ENV Logging__Console__FormatterName=json
ENV DOTNET_ENVIRONMENT=Production
# /data holds the SQLite file and the pickup folder; it belongs to the image's non-root user ($APP_UID, "app").
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
USER $APP_UID
# Healthy when the last poll round and the last due digest happened on time, per the store.
HEALTHCHECK --interval=1m --timeout=30s --start-period=5m --retries=3 CMD ["dotnet", "/app/FeedWatch.dll", "health"]
ENTRYPOINT ["dotnet", "/app/FeedWatch.dll"]
CMD ["run"]
