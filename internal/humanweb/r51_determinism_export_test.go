package humanweb

// R51DeterminismAwaited is how many calls wait on the link ref now (Await).
func R51DeterminismAwaited(s *Surface, ref string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if it := s.refs[ref]; it != nil {
		return it.awaited
	}
	return 0
}
