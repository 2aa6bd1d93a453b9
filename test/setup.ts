// Tests never reach the internet: fail loudly if something tries to resolve a public host.
process.env.UPKEEP_RUNTIME ??= 'local';
