class OrderService:
    def __init__(self, bus):
        self.bus = bus

    async def place(self, order):
        self.bus.publish(order)  # expect: AD1007
        self.bus.count(order)  # ok: AD1007 (a sync call)
        return order
