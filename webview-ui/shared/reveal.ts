// Bringing an item of a virtualised list into view: only the visible part of such a list is in
// the DOM, so the scroll container is first moved to the item's estimated place, then the item
// is looked up again (a few frames later, once the list has rendered there) and focused.

function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p: Node | null = el.parentNode; p; p = p instanceof ShadowRoot ? p.host : p.parentNode) {
    if (!(p instanceof HTMLElement)) continue;
    const oy = getComputedStyle(p).overflowY;
    if ((oy === 'auto' || oy === 'scroll') && p.scrollHeight > p.clientHeight) return p;
  }
  return null;
}

/**
 * Focuses `find()` once it exists. `list` is the virtualised list, `index`/`count` the item's
 * place in it (its estimated position is proportional). Gives up after a few frames.
 */
export function revealAndFocus(list: HTMLElement, index: number, count: number, find: () => HTMLElement | null | undefined): void {
  const now = find();
  if (now) {
    now.scrollIntoView({ block: 'nearest' });
    now.focus();
    return;
  }
  const scroller = scrollParent(list);
  if (scroller && count > 0) {
    const top = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    scroller.scrollTop = Math.max(0, top + (index / count) * list.offsetHeight - scroller.clientHeight / 2);
  }
  let tries = 0;
  const again = () => {
    const el = find();
    if (el) {
      el.scrollIntoView({ block: 'nearest' });
      el.focus();
    } else if (++tries < 30) requestAnimationFrame(again);
  };
  requestAnimationFrame(again);
}
