# A server that starts and never listens: the verdict must come at the start-up bound, not later.
import threading

threading.Event().wait()
