"""QObjects without widgets: workers, watchers, journal, settings."""
