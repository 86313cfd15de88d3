// Keeps a log box scrolled to its newest line, unless the reader scrolled up to read older lines; scrolling back
// to the bottom follows again.
const slack = 24;

export function follow(element) {
    if (!element || element.jqFollow) {
        return;
    }
    const state = { following: true };
    element.jqFollow = state;
    element.addEventListener('scroll', () => {
        state.following = element.scrollHeight - element.scrollTop - element.clientHeight <= slack;
    }, { passive: true });
    new MutationObserver(() => {
        if (state.following) {
            element.scrollTop = element.scrollHeight;
        }
    }).observe(element, { childList: true, characterData: true, subtree: true });
    element.scrollTop = element.scrollHeight;
}
