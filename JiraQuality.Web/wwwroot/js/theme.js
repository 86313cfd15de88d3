// Remembers the chosen theme in this browser, so the dark theme survives a reload.
const key = 'jiraquality-theme';

export function read() {
    try {
        return localStorage.getItem(key);
    } catch {
        return null;
    }
}

export function write(theme) {
    try {
        localStorage.setItem(key, theme);
    } catch {
        // Storage may be off (private windows); the theme then lasts for this page only.
    }
}
