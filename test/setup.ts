// Local mode unless a test says otherwise; quiet step logs (failures are asserted, not read).
process.env.UPKEEP_RUNTIME ??= 'local';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_DEV ??= 'false';
// CloudWatch EMF lines from step handlers are for AWS; tests that check them enable them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
